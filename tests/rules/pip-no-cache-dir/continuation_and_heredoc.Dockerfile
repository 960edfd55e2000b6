# expect: findings
FROM python:3.12
RUN pip install \
    # the web framework
    flask \
 && pip install \
        gunicorn
RUN <<EOF
set -eux
pip install numpy
python3 -m pip install pandas
EOF
RUN bash -e <<-'SCRIPT'
	pip install scipy
	SCRIPT
