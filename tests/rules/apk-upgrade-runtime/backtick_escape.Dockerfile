# escape=`
# expect: findings
FROM alpine:3.21
RUN apk --no-cache add curl
