# expect: findings
# php-fpm's master process runs as root and its pool as `www-data`. Reported, not fixed.
FROM php:8.3-fpm-alpine
RUN apk add --no-cache icu-libs
COPY . /var/www/html
CMD ["php-fpm", "-F"]
