# expect: findings
FROM ubuntu:24.04
RUN apt update \
    # only what the health check needs
 && apt install -y \
        --no-install-recommends \
        curl \
 && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -e
apt update
apt install -y --no-install-recommends jq
rm -rf /var/lib/apt/lists/*
EOF
