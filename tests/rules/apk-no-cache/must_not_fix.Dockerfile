# expect: none
FROM alpine:3.21
RUN --mount=type=cache,target=/var/cache/apk apk add git
RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk upgrade
RUN apk --no-cache add curl && apk add --no-cache jq
RUN apk info && apk del curl && apk update
RUN ["apk", "add", "curl"]
RUN cat <<EOF > /etc/apk/note
apk add curl
EOF
RUN python3 <<EOF
print("apk add curl")
EOF
RUN <<EOF
#!/usr/bin/env python3
print("apk add curl")
EOF
RUN echo "apk add curl" && sh -c 'apk add curl'
RUN echo 'unclosed && apk add curl
RUN --mount=type=cache,target=/pkg-cache \
    ln -s /pkg-cache /etc/apk/cache && \
    apk add bash vim
RUN --mount="type=cache,target=/var/cache/apk/" apk add make
RUN --mount=type=cache,target=/c apk add --cache-dir /c x
RUN --mount=type=cache,target=$APK_CACHE apk add y
RUN <<EOF
cat > /usr/local/bin/add-pkg <<'SH'
#!/bin/sh
apk add "$@"
SH
chmod +x /usr/local/bin/add-pkg
EOF
