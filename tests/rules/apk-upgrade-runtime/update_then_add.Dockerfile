# expect: findings
FROM alpine:3.21
RUN apk update && apk add curl
