# expect: findings
FROM debian:12
RUN apt-get update \
    # the client and the certificates it needs
 && apt-get install -y --no-install-recommends \
        curl \
        ca-certificates
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends git
RUN apt-get update && \
	# build tools
	apt-get install -y --no-install-recommends make
