# escape=`
# expect: findings
FROM alpine:3.21
MAINTAINER "Q" `
  back\slash tick`` $HOME
