# expect: findings
FROM debian:12 AS base
RUN apt-get update
RUN cd /tmp && apt-get install -y --no-install-recommends ./tool.deb
RUN sudo apt-get -q update; echo "lists updated"
COPY requirements.txt /src/
RUN apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
RUN apt-get update
# hadolint ignore=DL3008
RUN apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
    # refreshed for the stage below
 && echo done

FROM base AS app
RUN apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*

FROM debian:12 AS flags
RUN apt-get update
RUN --mount=type=cache,target=/var/cache/apt apt-get install -y --no-install-recommends jq

FROM debian:12
RUN <<EOF
set -e
apt-get update
EOF
RUN apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
ONBUILD RUN apt-get update
ONBUILD RUN apt-get install -y --no-install-recommends make
