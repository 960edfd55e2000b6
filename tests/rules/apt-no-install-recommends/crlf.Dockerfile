# expect: findings
FROM debian:12
RUN apt-get update && \
    apt-get install -y curl && \
    rm -rf /var/lib/apt/lists/*
RUN <<EOF
apt-get install -y wget
EOF
