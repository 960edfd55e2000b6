# expect: findings
FROM debian:12
RUN apt-get update
# Then the client.
RUN apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
