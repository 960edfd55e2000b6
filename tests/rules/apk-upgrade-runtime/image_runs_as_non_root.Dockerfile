# expect: findings
# The unprivileged nginx image runs as uid 101, and nothing here switches to root: reported,
# not fixed.
FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY site /usr/share/nginx/html
