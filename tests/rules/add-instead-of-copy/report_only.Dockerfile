# expect: findings
FROM alpine:3.21
ARG SRC=dist
# A mix: ADD unpacks the archive and copies the file.
ADD vendor.tar.gz notes.txt /opt/
# A variable may expand to a URL.
ADD ${SRC}/app /usr/local/bin/
# COPY takes no such flag.
ADD --frobnicate=1 app /usr/local/bin/
