# expect: findings
FROM ubuntu:24.04
RUN apt update && \
    apt install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
RUN <<EOF
apt remove -y wget
EOF
