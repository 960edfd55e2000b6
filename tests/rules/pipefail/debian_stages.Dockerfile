# expect: findings
FROM debian:bookworm-slim AS base
WORKDIR /src

# Fetch the sources.
# The comment block above the RUN stays with it.
RUN curl -fsSL https://example.com/src.tar.gz | tar -xz
RUN version=$(cat VERSION | tr -d '\n') && echo "$version"

# Built on `base`, this stage gets a SHELL of its own too, as hadolint asks.
FROM base AS build
RUN make 2>&1 | tee build.log

FROM ubuntu:24.04
    RUN wget -qO- https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/key.gpg
