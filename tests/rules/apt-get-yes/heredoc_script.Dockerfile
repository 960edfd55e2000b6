# expect: findings
FROM debian:12
RUN <<EOT
set -eux
apt-get update
apt-get install --no-install-recommends \
    curl
rm -rf /var/lib/apt/lists/*
EOT
RUN bash -e <<-SCRIPT
	apt-get install --no-install-recommends tini
	SCRIPT
