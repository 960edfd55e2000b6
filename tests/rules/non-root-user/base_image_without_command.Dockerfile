# expect: findings
# No CMD or ENTRYPOINT: a base that other images build FROM, and choose their user in.
# Reported, not fixed.
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
