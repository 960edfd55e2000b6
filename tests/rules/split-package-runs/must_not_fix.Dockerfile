# expect: none
FROM alpine:3.21 AS heredoc
RUN apk update
RUN <<EOT
apk add --no-cache curl
EOT
RUN apk upgrade --no-cache
RUN ["apk", "add", "--no-cache", "curl"]
RUN apk upgrade --no-cache
RUN cd /tmp && apk add --no-cache ./local.apk
RUN apk upgrade --no-cache
RUN apk add --no-cache curl; apk add --no-cache git
RUN apk upgrade --no-cache
RUN apk add --no-cache curl || true
RUN apk upgrade --no-cache
RUN --network=none apk add --no-cache curl
RUN apk upgrade --no-cache && rm -rf /var/cache/apk/*
RUN apk add --no-cache curl
RUN apk update && apk add --no-cache curl
RUN apk add --no-cache git
RUN apk upgrade --no-cache # refresh
RUN apk add --no-cache curl
RUN apk upgrade --no-cache
RUN apk del curl
RUN apk upgrade --no-cache
WORKDIR /app
RUN apk add --no-cache curl
RUN apk upgrade --no-cache
RUN apk update && apk add --no-cache jq
RUN apk upgrade --no-cache
RUN pip install flask
RUN apk upgrade --no-cache
RUN if true; then apk add --no-cache curl; fi
RUN apk upgrade --no-cache
RUN A=1; apk add --no-cache curl

FROM fedora:41 AS mixed
RUN dnf makecache
RUN yum install -y git
RUN dnf check-update
RUN dnf install -y git
RUN dnf makecache
RUN dnf install -y git && echo done

FROM alpine:3.21 AS across
RUN apk upgrade --no-cache
FROM across
RUN apk add --no-cache curl

FROM alpine:3.21
SHELL ["pwsh", "-Command"]
RUN apk upgrade --no-cache
RUN apk add --no-cache curl
