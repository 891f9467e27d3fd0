"""How a postgresql:// URL is read: libpq's `?host=` and `?port=`, and what is refused."""
import pytest

import projections
from store.application import mask
from store.pgurl import Server, server


def test_socket_folder_in_the_query():
    # The form embedded servers hand out: no host before the path, the socket folder after it.
    assert server("postgresql://postgres:@/postgres?host=/tmp/nysjanse-pg-x/data") == Server(
        host="/tmp/nysjanse-pg-x/data", port=None, dbname="postgres", user="postgres",
        password="", problem=None)


def test_query_wins_over_the_part_before_the_path():
    assert server("postgresql://kari@db.example:5433/nysjanse?host=10.0.0.7&port=6543") == Server(
        host="10.0.0.7", port=6543, dbname="nysjanse", user="kari", password=None, problem=None)


def test_percent_encoded_parts():
    where = server("postgresql://k%40ri:p%2Fss@/ny%20sjanse?host=%2Frun%2Fpostgresql")
    assert (where.host, where.dbname, where.user, where.password) == (
        "/run/postgresql", "ny sjanse", "k@ri", "p/ss")


@pytest.mark.parametrize("url, problem", [
    ("postgresql://h/db?sslmode=require", "the parameter 'sslmode' is not supported (only host and port)"),
    ("postgresql://h/db?host=a&host=b", "the parameter 'host' is given twice"),
    ("postgresql://h/db?port=5432x", "its port is not a number from 1 to 65535"),
    ("postgresql://h/db?port=0", "its port is not a number from 1 to 65535"),
    ("postgresql://h/db?port=٣", "its port is not a number from 1 to 65535"),
    ("postgresql://h:99999/db", "its port is not a number from 1 to 65535"),
    ("postgresql://h:abc/db", "its port is not a number from 1 to 65535"),
])
def test_what_cannot_be_used_is_named(url, problem):
    assert server(url).problem == problem


def test_views_file_for_a_socket_folder_is_a_plain_name_in_the_per_user_folder():
    import os
    folder = os.path.join(os.environ["XDG_DATA_HOME"], "nysjanse")
    assert projections.views_path("postgresql://postgres:@/nysjanse?host=/tmp/nysjanse-pg-x/data") \
        == os.path.join(folder, "nysjanse-tmp_nysjanse-pg-x_data-5432-nysjanse.views.db")
    assert projections.views_path("postgresql://kari:secret@/nysjanse?host=/run/postgresql&port=5433") \
        == os.path.join(folder, "nysjanse-run_postgresql-5433-nysjanse.views.db")


def test_views_file_follows_the_query_host():
    import os
    assert os.path.basename(projections.views_path(
        "postgresql://kari@db.example/nysjanse?host=db2.example")) \
        == "nysjanse-db2.example-5432-nysjanse.views.db"


def test_mask_hides_a_password_in_the_query_too():
    assert mask("postgresql://kari:secret@h/db?password=top&host=/s") == \
        "postgresql://kari:***@h/db?password=***&host=/s"
    assert mask("postgresql://kari@/db?host=/s") == "postgresql://kari@/db?host=/s"
