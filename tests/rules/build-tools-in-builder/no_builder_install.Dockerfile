# expect: findings
# The builder installs with apt-get, the runtime stage with apk: nowhere to move the tools.
FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc \
 && rm -rf /var/lib/apt/lists/*
FROM alpine:3.21
RUN apk add --no-cache git
COPY --from=build /a /a
