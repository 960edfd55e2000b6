# expect: none
FROM debian:12 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends gcc

FROM debian:12 AS base
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -r -f /var/lib/apt/lists
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -fR /var/lib/apt/lists/ /tmp/*
RUN apt-get update && apt-get install -y --no-install-recommends vim && rm -rf /var/lib/apt
RUN apt-get update && apt-get install -y --no-install-recommends less && apt-get distclean
RUN apt-get update && apt-get install -y --no-install-recommends nano \
 && find /var/cache/apt/archives /var/lib/apt/lists -not -name lock -type f -delete
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,target=/var/cache/apt \
    apt-get update && apt-get install -y --no-install-recommends make
RUN --mount=type=cache,target=/var/lib/apt/lists/ apt-get update && apt-get install -y --no-install-recommends wget
RUN apt-get update && apt-get install -y --no-install-recommends unzip
RUN apt-get install -y --no-install-recommends zip
RUN apt-get update && apt-get install -y --no-install-recommends file

FROM base
RUN apt-cache policy file
RUN apt-get update
RUN apt-get install -y --no-install-recommends tree
RUN ["sh", "-c", "apt-get update && apt-get install -y curl"]
RUN sh -c "apt-get update && apt-get install -y curl"
