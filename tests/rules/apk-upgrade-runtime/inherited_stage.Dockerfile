# expect: findings
ARG RUNNER=alpine:3.21
FROM ${RUNNER} AS base
RUN apk add --no-cache tini

FROM base
USER root
RUN apk add --no-cache curl && \
    adduser -D app
USER app
