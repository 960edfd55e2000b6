FROM alpine
RUN <<EOF
set -e
apk add curl
EOF
RUN <<-EOT sh
	echo tab-stripped
	EOT
COPY <<"CONF" /etc/app.conf
key=$value
CONF
RUN <<A cat > /a && <<'B' cat > /b
first
A
second
B
RUN cat << EOF
space after arrows
EOF
RUN echo $((1<<2))
ONBUILD RUN <<EOF
apk add curl
EOF
COPY <<EOF <<-EOT /dst/
a
EOF
	b
	EOT
