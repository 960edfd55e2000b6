# expect: findings
FROM debian:12
RUN apt-get update \
 && apt-get install -y \
        # the client
        curl \
        ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -eux
apt-get update
apt-get install -y \
    jq
rm -rf /var/lib/apt/lists/*
EOF
