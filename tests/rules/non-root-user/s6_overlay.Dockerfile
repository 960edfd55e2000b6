# expect: findings
# s6-overlay's /init starts as root to run the services. Reported, not fixed.
FROM debian:bookworm-slim
ADD https://github.com/just-containers/s6-overlay/releases/download/v3.2.0.2/s6-overlay-noarch.tar.xz /tmp
RUN apt-get update && apt-get install -y --no-install-recommends xz-utils \
 && tar -C / -Jxpf /tmp/s6-overlay-noarch.tar.xz && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["/init"]
