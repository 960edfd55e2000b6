# expect: findings
# php's Apache image keeps its command, apache2-foreground, which starts as root.
# Reported, not fixed.
FROM composer:2 AS vendor
COPY composer.json composer.lock ./
RUN composer install --no-dev

FROM php:8.2-apache
COPY --from=vendor /app/vendor /var/www/html/vendor
COPY . /var/www/html
