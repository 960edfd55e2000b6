# expect: findings
FROM alpine:3.21
RUN apk add --no-cache curl \
  && rm -rf /tmp/*
