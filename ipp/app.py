"""create_app(): registers extensions, blueprints, CLI and error handlers."""

from pathlib import Path

from flask import Flask, g
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from ipp.accounts.token_cache import TokenCache
from ipp.db import make_engine, make_sessionmaker
from ipp.i18n.locales import LOCALE_NAMES, LOCALES, html_lang, select_locale, text_direction
from ipp.jobs import queue as jobs
from ipp.settings import Settings, load_settings
from ipp.web.context import Runtime, close_session, db
from ipp.web.errors import register_error_handlers
from ipp.web.ratelimit import RateLimiter
from ipp.web.timing import ServerTiming

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()
login_manager = LoginManager()


def create_app(settings: Settings | None = None, *, session_factory=None, engine=None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__, static_folder=str(ROOT / "static"), static_url_path="/static",
                template_folder="web/templates")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "locales"),
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        TESTING=settings.testing,
        JSON_SORT_KEYS=False,
    )
    if engine is None and session_factory is None:
        engine = make_engine(settings.database_url)
    session_factory = session_factory or make_sessionmaker(engine)
    app.extensions["ipp"] = Runtime(settings=settings, engine=engine,
                                    session_factory=session_factory)
    app.extensions["ipp_limiter"] = RateLimiter(settings.redis_url)
    app.extensions["ipp_tokens"] = TokenCache()
    jobs.configure(session_factory, settings.redis_url)

    Babel(app, locale_selector=select_locale, timezone_selector=_user_timezone)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    app.teardown_appcontext(close_session)
    register_error_handlers(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    app.after_request(_security_headers)
    app.wsgi_app = ServerTiming(app.wsgi_app)
    return app


@login_manager.user_loader
def _load_user(user_id: str):
    from ipp.accounts.models import User

    if not user_id.isdigit():
        return None
    user = db().get(User, int(user_id))
    return user if user is not None and user.active else None


def _user_timezone() -> str:
    from flask_login import current_user

    user = g.get("api_user") or (current_user if current_user.is_authenticated else None)
    return getattr(user, "timezone", None) or "UTC"


def _register_blueprints(app: Flask) -> None:
    from ipp.accounts.views import bp as accounts_bp
    from ipp.complaints.bulk_views import bp as bulk_bp
    from ipp.complaints.views import bp as complaints_bp
    from ipp.counter_notices.views import bp as counter_notices_bp
    from ipp.marks.views import bp as marks_bp
    from ipp.notifications.views import bp as notifications_bp
    from ipp.reports.views import bp as reports_bp
    from ipp.reputation.views import bp as reputation_bp
    from ipp.review.views import bp as review_bp
    from ipp.verification.views import bp as verification_bp
    from ipp.web.api import api_bp
    from ipp.web.views import bp as web_bp

    for bp in (accounts_bp, complaints_bp, marks_bp, reports_bp, reputation_bp, review_bp, web_bp,
               verification_bp):
        app.register_blueprint(bp)
    app.register_blueprint(bulk_bp)
    app.register_blueprint(counter_notices_bp)
    app.register_blueprint(notifications_bp)
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from ipp.i18n import labels
    from ipp.verification.messages import render_check

    @app.context_processor
    def _globals():
        locale = str(get_locale() or "en")
        if locale not in LOCALES:
            locale = {"zh_Hans_CN": "zh_Hans", "zh_Hant_TW": "zh_Hant"}.get(locale, locale)
        return {"locale": locale, "html_lang": html_lang(locale), "dir": text_direction(locale),
                "locales": [(code, LOCALE_NAMES[code]) for code in LOCALES],
                "labels": labels, "label": labels.label, "render_check": render_check}

    from ipp.web.filters import register_filters

    register_filters(app)


def _security_headers(response):
    from flask import current_app

    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        # Served over HTTPS only (IPP_SECURE_COOKIES=1): browsers must not fall back to HTTP.
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
