# expect: findings
FROM debian:12
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl
EOF
RUN bash -e <<-SCRIPT
	apt-get update
	apt-get install -y --no-install-recommends tini
	SCRIPT
