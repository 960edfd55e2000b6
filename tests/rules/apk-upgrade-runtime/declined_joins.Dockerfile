# expect: findings
FROM alpine:3.21
RUN apk add --no-cache curl || true
RUN apk add --no-cache git
