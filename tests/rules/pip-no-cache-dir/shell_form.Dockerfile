# expect: findings
FROM python:3.12-slim
RUN pip install -r requirements.txt
RUN pip3 install --upgrade pip setuptools && pip3.12 install --user flask
RUN python -m pip install . ; python3 -m pip install -e .
RUN sudo -H pip install requests && LANG=C env pip install click
RUN /opt/venv/bin/pip install gunicorn
RUN --mount=type=cache,target=/var/cache/apt pip install uvicorn
ONBUILD RUN pip install -r requirements.txt
