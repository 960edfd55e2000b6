# expect: findings
FROM fedora:41
RUN <<EOF
set -e
curl -fsSL https://example.com/install.sh | sh
EOF
