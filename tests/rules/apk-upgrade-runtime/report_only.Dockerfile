# expect: findings
FROM alpine:3.21 AS base
RUN adduser -D app
USER app

FROM base
RUN echo "runs as app"
