# expect: findings
FROM debian:bookworm
CMD ["/usr/local/bin/app"]
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
