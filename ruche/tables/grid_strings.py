"""The grid's user-facing strings, translated on the server and handed to the script."""

from django.utils.translation import gettext as _


def grid_strings() -> dict[str, str]:
    return {
        "connected": _("Connected"),
        "syncing": _("Syncing…"),
        "offline": _("Offline: your changes are kept and will merge"),
        "you": _("you"),
        "row": _("Row %(n)s"),
        "addRow": _("Add a row"),
        "addColumn": _("Add a column"),
        "deleteRow": _("Delete the row"),
        "deleteColumn": _("Delete the column"),
        "newColumn": _("New column"),
        "columnName": _("Column name"),
        "columnType": _("Type"),
        "columnWidth": _("Width (pixels)"),
        "columnOptions": _("Choices (one per line)"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "sortAsc": _("Sort ascending"),
        "sortDesc": _("Sort descending"),
        "noSort": _("Original order"),
        "filter": _("Filter rows"),
        "total": _("Total"),
        "yes": _("Yes"),
        "no": _("No"),
        "history": _("History of this cell"),
        "noHistory": _("No recorded change for this cell."),
        "changedFrom": _("from"),
        "changedTo": _("to"),
        "empty": _("(empty)"),
        "rowsShown": _("%(shown)s of %(total)s rows"),
        "undo": _("Undo my last change"),
        "redo": _("Redo"),
        "editColumn": _("Edit the column"),
        "confirmDeleteRow": _("Delete this row for everyone?"),
        "confirmDeleteColumn": _("Delete this column and its cells for everyone?"),
    }
