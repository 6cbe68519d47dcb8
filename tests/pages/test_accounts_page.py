"""The account pages under AppTest: an admin creates, disables, resets; refusals; the log."""

import uuid

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from data_access.accounts import SignInResult, User, create_user, sign_in
from tests.pages.apptest import run_app

PAGE = "pages/accounts.py"
LOG = "pages/security_log.py"


def _name(prefix: str) -> str:
    """A user name no earlier run used (the demo database is shared by the session)."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def _in(engine: Engine, name: str, password: str) -> SignInResult:
    """One sign-in attempt."""
    return sign_in(engine, name, password, attempts=5, lock_minutes=1)


def _create(at: AppTest, name: str, role: str, scope: str) -> AppTest:
    """Fill and submit the create form."""
    at.text_input(key="acc_new_name").input(name)
    at.selectbox(key="acc_new_role").set_value(role)
    at.selectbox(key="acc_new_scope").set_value(scope)
    next(b for b in at.button if b.label == "创建账号").click()
    return at.run()


def _click(at: AppTest, key: str) -> AppTest:
    """Click a button by key and rerun."""
    at.button(key=key).click()
    return at.run()


def test_an_admin_creates_a_county_editor_with_a_temporary_password(sqlite_engine: Engine) -> None:
    name = _name("th_editor")
    at = _create(run_app(PAGE), name, "editor", "440106")
    assert any(f"账号“{name}”已创建" in s.value for s in at.success)
    temp = at.code[0].value
    user = _in(sqlite_engine, name, temp).user
    assert user == User(name, "editor", "440100", "440106", must_change_password=True)
    table = at.dataframe[0].value
    row = table[table["用户名"] == name].iloc[0]
    assert (row["角色"], row["权限范围"], row["状态"]) == ("编辑", "广州市天河区", "须修改密码")


def test_a_duplicate_user_name_is_refused_and_nothing_changes(sqlite_engine: Engine) -> None:
    name = _name("dup")
    create_user(sqlite_engine, name, "First-pass-1", "viewer")
    at = _create(run_app(PAGE), name, "admin", "")
    assert any(f"用户名“{name}”已存在" in e.value for e in at.error)
    assert _in(sqlite_engine, name, "First-pass-1").user == User(name, "viewer")


def test_an_admin_disables_resets_and_changes_an_account(sqlite_engine: Engine) -> None:
    name = _name("gz")
    create_user(sqlite_engine, name, "First-pass-1", "viewer", "440100")
    at = run_app(PAGE, acc_pick=name)
    at = _click(at, "acc_disable")
    assert any(f"账号“{name}”已停用" in s.value for s in at.success)
    assert _in(sqlite_engine, name, "First-pass-1").reason == "disabled"
    at = _click(at, "acc_enable")
    at = _click(at, "acc_reset")
    temp = at.code[0].value
    assert _in(sqlite_engine, name, "First-pass-1").reason == "wrong"
    assert _in(sqlite_engine, name, temp).user.must_change_password
    at.selectbox(key=f"acc_role_{name}").set_value("editor")
    at = _click(at, "acc_apply_role")
    at.selectbox(key=f"acc_scope_{name}").set_value("440106")
    at = _click(at, "acc_apply_scope")
    assert any("广州市天河区" in s.value for s in at.success)
    user = _in(sqlite_engine, name, temp).user
    assert (user.role, user.county_adcode) == ("editor", "440106")


def test_an_admin_cannot_disable_themself(sqlite_engine: Engine) -> None:
    name = _name("adm")
    create_user(sqlite_engine, name, "First-pass-1", "admin")
    at = run_app(PAGE, user=User(name, "admin"), acc_pick=name)
    at = _click(at, "acc_disable")
    assert any("不能停用自己的账号" in e.value for e in at.error)
    assert _in(sqlite_engine, name, "First-pass-1").user is not None


def test_the_admin_pages_are_not_offered_to_editors(sqlite_engine: Engine) -> None:
    for page in (PAGE, LOG):  # app.py registers them for administrators only
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            run_app(page, user=User("demo_editor", "editor"))
    run_app("pages/my_account.py", user=User("demo_editor", "editor"))  # but their own account


def test_the_security_log_page_filters_by_user(sqlite_engine: Engine) -> None:
    name = _name("logged")
    create_user(sqlite_engine, name, "First-pass-1", "viewer", by="test_admin")
    _in(sqlite_engine, name, "wrong-pass-1")
    _in(sqlite_engine, name, "First-pass-1")
    at = run_app(LOG, log_user=name)
    table = at.dataframe[0].value
    assert list(table["事件"]) == ["登录成功", "登录失败", "创建账号"]
    assert list(table["操作人"]) == [name, name, "test_admin"]
    assert set(table["对象"]) == {name}
    assert "共 3 条记录" in "\n".join(c.value for c in at.caption)
    assert [b.label for b in at.get("download_button")] == ["下载 CSV", "下载 Excel"]


def test_every_user_changes_their_own_password(sqlite_engine: Engine) -> None:
    name = _name("me")
    create_user(sqlite_engine, name, "First-pass-1", "viewer", "440106")
    at = run_app("pages/my_account.py", user=User(name, "viewer", "440100", "440106"))
    assert "权限范围：广州市天河区" in at.caption[0].value
    at.text_input(key="pw_old").input("First-pass-1")
    at.text_input(key="pw_new").input(f"{name}-X1")
    at.text_input(key="pw_again").input(f"{name}-X1")
    at.button[0].click()
    at.run()
    assert any("不能包含用户名" in e.value for e in at.error)
    at.text_input(key="pw_old").input("First-pass-1")
    at.text_input(key="pw_new").input("Second-pass-2")
    at.text_input(key="pw_again").input("Second-pass-2")
    at.button[0].click()
    at.run()
    assert any("密码已修改" in s.value for s in at.success)
    assert _in(sqlite_engine, name, "Second-pass-2").user is not None


def test_the_security_log_page_in_english(sqlite_engine: Engine) -> None:
    from tests.pages.english_run import run_app_in_english

    name = _name("en")
    create_user(sqlite_engine, name, "First-pass-1", "viewer", by="test_admin")
    at = run_app_in_english(LOG, log_user=name)
    table = at.dataframe[0].value
    assert list(table["Event"]) == ["account created"]
    assert [t.value for t in at.title] == ["Security log"]


def test_an_admin_gives_an_account_the_email_single_sign_on_matches(sqlite_engine: Engine) -> None:
    from data_access.accounts import Identity, identity_username

    name = _name("sso_page")
    at = run_app(PAGE)
    at.text_input(key="acc_new_email").input(f"{name}@Tianhe.gd.cn")
    at = _create(at, name, "viewer", "440106")
    assert identity_username(sqlite_engine, Identity("s", email=f"{name}@tianhe.gd.cn")) == name
    table = at.dataframe[0].value
    assert table[table["用户名"] == name].iloc[0]["电子邮箱"] == f"{name}@tianhe.gd.cn"
    at = run_app(PAGE, acc_pick=name)
    at.text_input(key=f"acc_email_{name}").input("not-an-address")
    at = _click(at, "acc_apply_email")
    assert any("电子邮箱无效" in e.value for e in at.error)
    at.text_input(key=f"acc_email_{name}").input(f"{name}@gz.gd.cn")
    at = _click(at, "acc_apply_email")
    assert any(f"已改为 {name}@gz.gd.cn" in s.value for s in at.success)
    assert identity_username(sqlite_engine, Identity("s", email=f"{name}@gz.gd.cn")) == name
