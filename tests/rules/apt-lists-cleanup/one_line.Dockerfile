# expect: findings
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN apt-get update; apt-get install -y --no-install-recommends git || true
RUN sudo apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends jq
RUN apt-get update -y && apt-get install -y --no-install-recommends locales && apt-get clean && rm -f /var/lib/apt/lists/*_*
ONBUILD RUN apt-get update && apt-get install -y --no-install-recommends make
