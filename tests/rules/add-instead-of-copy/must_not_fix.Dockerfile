# expect: none
FROM alpine:3.21
ADD https://example.com/tool.tar.gz /tmp/
ADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/a /a
ADD git@github.com:moby/buildkit.git /src
ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.20.0 /buildkit
ADD --unpack=false local.tar /opt/
# Archives only: the unpacking is meant.
ADD rootfs.tar.xz /
ADD "vendor.tgz" layer.TAR /opt/
COPY . /app
