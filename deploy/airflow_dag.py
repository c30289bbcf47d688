"""A huntbook report as an Airflow task (an example: not run where it was
written). The task fails when huntbook exits non-zero, so Airflow's own
retries, alerts and SLA handling apply; huntbook's exit status says why
(3 a cell failed, 4 a timeout, 5 the engine crashed, 1 bad input).

huntbook --retries covers the transient failures (timeouts, engine crashes)
inside one try; Airflow's retries cover the rest, such as an unreachable
mapping URL.
"""

import pendulum
from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(
    dag_id="huntbook_coverage",
    schedule="30 2 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    catchup=False,
    tags=["huntbook", "detection-coverage"],
) as dag:
    BashOperator(
        task_id="coverage_report",
        bash_command=(
            "huntbook run /opt/huntbook/notebooks/coverage.ipynb"
            " -p inventoryFile=/etc/huntbook/inventory.yaml"
            " -p sysmonFile=/etc/huntbook/sysmon.xml"
            " -p auditpolFile= -p compareSysmon="
            " -o '/srv/huntbook/reports/{notebook}/{{ ds }}-{time}.html'"
            " --compare-last --index /srv/huntbook/reports --retries 1 --timeout 30m"
        ),
        retries=2,
        retry_delay=pendulum.duration(minutes=10),
    )
