#!/bin/sh
apk add --no-cache jq
exec "$@"
