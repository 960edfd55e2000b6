# expect: none
FROM debian:12 AS base
RUN apt-get update
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
RUN apt-get update

FROM debian:12 AS other
RUN apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
RUN ["apt-get", "update"]
RUN apt-get install -y --no-install-recommends vim && rm -rf /var/lib/apt/lists/*
RUN sh -c "apt-get update"
RUN apt-get install -y --no-install-recommends less && rm -rf /var/lib/apt/lists/*
