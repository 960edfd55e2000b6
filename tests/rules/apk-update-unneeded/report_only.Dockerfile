# expect: findings
FROM alpine:3.21
# Removing these would change what runs when something fails, or leave broken shell.
RUN apk update || true && apk add --no-cache curl
RUN make && apk update; apk add --no-cache curl
RUN if apk update; then apk add --no-cache curl; fi
RUN { apk update; apk add --no-cache git; }
RUN apk update & apk add --no-cache jq
