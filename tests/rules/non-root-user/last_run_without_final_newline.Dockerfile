# expect: findings
FROM debian:bookworm AS base
CMD ["/usr/local/bin/app"]

FROM base
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*