# expect: findings
FROM alpine:3.21
RUN <<EOF
set -eu
apk add --update bash
apk -U upgrade
EOF
RUN sh -ex <<-SCRIPT
	apk add tini
	SCRIPT
ONBUILD RUN apk add git
