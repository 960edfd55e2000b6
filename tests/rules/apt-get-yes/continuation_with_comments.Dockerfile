# expect: findings
FROM debian:12
RUN apt-get update \
    # the client and the certificates it needs
 && apt-get install \
        --no-install-recommends \
        curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
