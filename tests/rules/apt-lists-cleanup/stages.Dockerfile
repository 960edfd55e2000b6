# expect: findings
FROM debian:12 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends gcc
RUN make

FROM debian:12 AS base
RUN apt-get update && apt-get install -y --no-install-recommends curl

FROM base AS app
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
COPY --from=builder /out /usr/local/bin/
