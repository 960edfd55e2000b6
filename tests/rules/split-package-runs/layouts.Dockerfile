# expect: findings
FROM debian:12 AS leading
RUN apt-get update \
 && apt-get -y upgrade
RUN apt-get install -y --no-install-recommends ca-certificates

FROM debian:12 AS from-the-second
RUN apt-get update
RUN apt-get install -y --no-install-recommends \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/*

FROM debian:12 AS tabs
RUN apt-get update && \
	apt-get dist-upgrade -y
run apt-get install -y --no-install-recommends tzdata && \
	rm -rf /var/lib/apt/lists/*
