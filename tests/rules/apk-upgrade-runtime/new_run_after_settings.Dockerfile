# expect: findings
FROM alpine:3.21
ARG VERSION=1.0
# Where the service looks for its files.

ENV APP_HOME=/srv/app
LABEL org.opencontainers.image.version=$VERSION
COPY app /srv/app/
RUN addgroup -S app && apk add --no-cache curl
