# escape=`
# expect: findings
FROM alpine:3.21
RUN apk add `
    curl
