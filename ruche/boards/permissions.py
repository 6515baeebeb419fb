"""Access gates for boards.

Everyone who may see the space sees its boards (others get 404). Contributing (cards, dots)
needs a role that may contribute in the space; observers only read. Managing the board
(phases, reveal, lock, clusters, the timer, others' cards) is for facilitators.
"""

from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.boards.models import Board, Card, Cluster
from ruche.core.errors import Forbidden, NotFound
from ruche.core.lookups import get_or_not_found
from ruche.spaces.permissions import Need, access_space, can


def access_board(actor: User, board_id: object, need: Need = Need.VIEW) -> Board:
    """The board if the actor may do `need` in its space; NotFound or Forbidden otherwise."""
    board = get_or_not_found(Board.objects.select_related("space"), board_id)
    access_space(actor, board.space_id, need)
    return board


def may_manage(actor: User, board: Board) -> bool:
    return can(actor, board.space, Need.MANAGE)


def access_card(actor: User, card_id: object, need: Need = Need.VIEW) -> Card:
    """The card if the actor may see it (hidden cards of others are NotFound) and do `need`.

    CONTRIBUTE on a card means changing it: its author, or a facilitator."""
    card = get_or_not_found(Card.objects.select_related("board__space"), card_id)
    access_board(actor, card.board_id, Need.VIEW)
    if not card_visible(actor, card):
        raise NotFound()
    if need == Need.VIEW:
        return card
    access_space(actor, card.board.space_id, Need.CONTRIBUTE)
    only_managers = need == Need.MANAGE or card.author_id != actor.pk
    if only_managers and not may_manage(actor, card.board):
        raise Forbidden(_("Only the card's author and facilitators may change it."))
    return card


def access_cluster(actor: User, cluster_id: object, need: Need = Need.VIEW) -> Cluster:
    cluster = get_or_not_found(Cluster.objects.select_related("board"), cluster_id)
    access_board(actor, cluster.board_id, need)
    return cluster


def cards_hidden_from_others(board: Board) -> bool:
    return board.hidden and board.revealed_at is None


def card_visible(actor: User, card: Card) -> bool:
    """Before the reveal of a hidden board, each person sees only their own cards."""
    if not cards_hidden_from_others(card.board):
        return True
    return card.author_id is not None and card.author_id == actor.pk
