# expect: findings
FROM alpine:3.21
RUN <<EOF
set -e
apk update
apk add --no-cache curl
EOF
RUN sh -eux <<-SCRIPT
	apk update
	# the tools
	apk add --no-cache git
	SCRIPT
RUN sudo apk update && FOO=1 env apk add --no-cache bash
RUN LANG=C apk update; apk add --no-cache file
ONBUILD RUN apk update && apk add --no-cache tini
