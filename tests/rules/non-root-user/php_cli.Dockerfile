# expect: findings
# php's command-line image runs no server of its own: a worker started with a script is fixed.
FROM php:8.3-cli-bookworm
RUN docker-php-ext-install pcntl
COPY --from=composer:2 /usr/bin/composer /usr/local/bin/composer
CMD ["php", "worker.php"]
