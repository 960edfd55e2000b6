# expect: findings
FROM alpine:3.21
RUN apk update \
    # the compilers for the native extensions
    && apk add --no-cache gcc musl-dev
RUN apk update && \
    # the client
    apk add --no-cache curl
RUN apk update \
\
    && apk add --no-cache git
