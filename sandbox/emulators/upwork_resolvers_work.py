"""Work diary resolvers of the emulated Upwork API: contracts, work days, cells, time reports.

Sources as in ``upwork_schema.graphql``: [UTN-D] alexey72882/UpworkToNotion docs/upwork-api.md
(live: talentWorkHistory, workDays, workDiaryContract, dates yyyyMMdd, ISO strings fail
silently, one cell is ten minutes) and [UN-T] muhammedaksam/upwork-node generated-types.ts
(TimeReportFilter.organizationId_eq required, TimeReport.totalCharges a number).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sandbox.emulators.upwork_data import Contract, date_time_obj, fmt_day
from sandbox.emulators.upwork_resolvers import (
    Info,
    RequestContext,
    connection,
    err,
    is_day,
    offset_page,
)

MAX_TIME_REPORT_PAGE = 100  # unconfirmed: no source gives the limit


class WorkResolvers:
    def __init__(self, ctx: RequestContext) -> None:
        self.emu, self.user = ctx.emu, ctx.user

    def _contracts(self) -> list[Contract]:
        return [c for c in self.emu.contracts.values() if c.user_id == self.user.id]

    def _contract(self, contract_id: str) -> Contract:
        contract = self.emu.contracts.get(str(contract_id))
        if contract is None or contract.user_id != self.user.id:
            raise err(f"Contract {contract_id} not found or not accessible")
        return contract

    def talent_work_history(self, info: Info, filter: dict[str, Any] | None = None) -> Any:
        flt = filter or {}
        if str(flt.get("personId") or "") != self.user.id:
            raise err("Authorization failed")  # [UTN-D] wording for a blocked read
        statuses = set(flt.get("status") or [])
        wanted = {str(c) for c in flt.get("contractIds") or []}
        contracts = [
            c
            for c in self._contracts()
            if (not statuses or c.status in statuses) and (not wanted or c.id in wanted)
        ]
        return {
            "workHistoryList": [
                {
                    "contract": {
                        "id": c.id,
                        "title": c.title,
                        "status": c.status,
                        "terms": {
                            "hourlyRate": None if c.hourly_rate is None else str(c.hourly_rate),
                            "fixedAmount": None if c.fixed_amount is None else str(c.fixed_amount),
                            "jobType": c.job_type,
                        },
                    }
                }
                for c in contracts
            ]
        }

    def work_days(self, info: Info, workdaysInput: dict[str, Any]) -> dict[str, Any]:
        span = workdaysInput["timeRange"]
        start, end = span.get("rangeStart"), span.get("rangeEnd")
        if not (isinstance(start, str) and isinstance(end, str) and is_day(start) and is_day(end)):
            return {"workDays": []}
        days: set[str] = set()
        for cid in workdaysInput["contractIds"]:
            cells = self._contract(cid).cells
            days |= {d for c in cells if start <= (d := fmt_day(c.ts)) <= end}
        return {"workDays": sorted(days)}

    def work_diary_contract(self, info: Info, workDiaryContractInput: dict[str, Any]) -> Any:
        contract = self._contract(workDiaryContractInput["contractId"])
        day = workDiaryContractInput["date"]
        cells = [c for c in contract.cells if fmt_day(c.ts) == day] if is_day(day) else []
        return {
            "workDiaryTimeCells": [
                {
                    "cellDateTime": date_time_obj(c.ts),
                    "memo": c.memo,
                    "manual": c.manual,
                    "overtime": c.overtime,
                    "activityLevel": c.activity_level,
                }
                for c in sorted(cells, key=lambda c: c.ts)
            ],
            "workDiaryMetadata": {"timezoneOffset": "0", "archivingDateTime": None},
        }

    # ------------------------------------------------------------ time reports

    def _rows(self, span: dict[str, Any] | None, contract_ids: list[str] | None) -> list[Any]:
        start, end = (span or {}).get("rangeStart"), (span or {}).get("rangeEnd")
        if not (isinstance(start, str) and isinstance(end, str) and is_day(start) and is_day(end)):
            return []
        contracts = self._contracts()
        if contract_ids:
            contracts = [c for c in contracts if c.id in {str(i) for i in contract_ids}]
        rows: list[dict[str, Any]] = []
        for contract in contracts:
            per_day: dict[str, list[str]] = {}
            for cell in contract.cells:
                if start <= (day := fmt_day(cell.ts)) <= end:
                    per_day.setdefault(day, []).append(cell.memo)
            for day, memos in sorted(per_day.items()):
                worked = datetime.strptime(day, "%Y%m%d")
                hours = round(len(memos) / 6, 2)
                rows.append(
                    {
                        "dateWorkedOn": day,
                        "weekWorkedOn": (worked - timedelta(days=worked.weekday())).strftime(
                            "%Y%m%d"
                        ),
                        "totalHoursWorked": hours,
                        "totalCharges": round(hours * (contract.hourly_rate or 0), 2),
                        "memo": "; ".join(dict.fromkeys(m for m in memos if m)),
                        "contract": {"id": contract.id, "title": contract.title},
                    }
                )
        return rows

    def _org_rows(self, flt: dict[str, Any]) -> list[Any]:
        if str(flt["organizationId_eq"]) != self.user.org_id:
            raise err("Authorization failed")
        return self._rows(flt["timeReportDate_bt"], flt.get("contractIds"))

    def time_report(self, info: Info, filter: dict[str, Any]) -> list[Any]:
        return self._org_rows(filter)

    def contract_time_report(
        self, info: Info, filter: dict[str, Any], pagination: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        rows = self._org_rows(filter)
        page, offset = offset_page(rows, pagination, MAX_TIME_REPORT_PAGE)
        return connection(page, offset, len(rows))

    def user_time_report(self, info: Info, timeReportDate_bt: Any = None) -> list[Any]:
        return self._rows(timeReportDate_bt, None)

    def user_contract_time_report(
        self, info: Info, timeReportDate_bt: Any = None, pagination: Any = None
    ) -> dict[str, Any]:
        rows = self._rows(timeReportDate_bt, None)
        page, offset = offset_page(rows, pagination, MAX_TIME_REPORT_PAGE)
        return connection(page, offset, len(rows))
