# expect: findings
FROM debian:12 AS apt
RUN apt-get update
RUN apt-get upgrade -y
RUN apt-get install -y --no-install-recommends curl

FROM alpine:3.21 AS apk
RUN apk update
RUN apk upgrade
RUN apk add curl
