# expect: none
FROM alpine:3.21
RUN apk update
RUN apk update && apk search curl && apk add --no-cache curl
RUN apk update && apk add --no-cache curl && apk info -v
RUN apk update && apk fetch git && apk add --no-cache git
RUN --mount=type=cache,target=/var/cache/apk apk update && apk add --no-cache git
RUN --mount=type=cache,target=/var/cache apk update && apk add --no-cache git
RUN apk add --no-cache curl && apk update
RUN apk update && apk add --no-cache curl && sh -c 'apk list --installed'
RUN apk update && $APK add --no-cache curl
RUN apk update && apk add --no-cache curl 'unclosed
RUN ["apk", "update", "&&", "apk", "add", "--no-cache", "curl"]
RUN sh -c "apk update && apk add --no-cache curl"
RUN echo apk update && apk add --no-cache curl
RUN apk update && echo done
